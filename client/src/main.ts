import { createApp, h, watchEffect } from 'vue';
import AppRoot from './components/AppRoot.vue';
import { i18n } from './i18n/index.js';
import { routeFor } from './lib/route.js';
import { session } from './lib/session.js';
import './styles/base.css';
import './styles/map.css';
import './styles/driver.css';

// a two-page app does not need a router: the path picks the page once, the session the rest
const route = routeFor(window.location.pathname);
watchEffect(() => {
  const { t, locale } = i18n.global;
  document.documentElement.lang = locale.value;
  const user = session.value?.user;
  const vehicleId = user?.role === 'driver' ? user.vehicleId : route.page === 'driver' ? route.vehicleId : undefined;
  document.title = !user ? t('app.title') : vehicleId && (user.role === 'driver' || route.page === 'driver') ? `${vehicleId} · ${t('app.driverTitle')}` : t('app.title');
});
createApp({ render: () => h(AppRoot, { route }) }).use(i18n).mount('#app');
