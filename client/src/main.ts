import { createApp, h, watchEffect } from 'vue';
import ConsoleApp from './components/console/ConsoleApp.vue';
import DriverApp from './components/driver/DriverApp.vue';
import { i18n } from './i18n/index.js';
import { routeFor } from './lib/route.js';
import './styles/base.css';
import './styles/map.css';
import './styles/driver.css';

// a two-page app does not need a router: the path picks the root component once
const route = routeFor(window.location.pathname);
const root =
  route.page === 'driver'
    ? createApp({ render: () => h(DriverApp, { vehicleId: route.vehicleId }) })
    : createApp(ConsoleApp);
watchEffect(() => {
  const { t, locale } = i18n.global;
  document.documentElement.lang = locale.value;
  document.title = route.page === 'driver' ? `${route.vehicleId} · ${t('app.driverTitle')}` : t('app.title');
});
document.body.classList.add(route.page === 'driver' ? 'page-driver' : 'page-console');
root.use(i18n).mount('#app');
