import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const API_TARGET = process.env.CITYFLEET_API ?? 'http://127.0.0.1:8080';

/** Vite builds the SPA in client/ into dist/client, which the express server serves. */
export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [vue()],
  // vue-i18n esm-bundler reads these flags; composition API only keeps the bundle smaller
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    // maplibre alone is ~1 MB minified; the warning would fire on every build
    chunkSizeWarningLimit: 1600,
  },
  // pre-bundle up front so the first dev page load does not trigger a full reload mid-session
  optimizeDeps: { include: ['maplibre-gl', 'vue', 'vue-i18n', 'socket.io-client', '@googlemaps/polyline-codec'] },
  server: {
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: true },
      '/socket.io': { target: API_TARGET, ws: true, changeOrigin: true },
    },
  },
});
