import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './i18n.js'
import { setUnauthenticatedHandler } from './api.js'
import { session } from './session.js'
import './style.css'

setUnauthenticatedHandler(() => {
  session.agent = null
  if (router.currentRoute.value.path !== '/login')
    router.push({ path: '/login', query: { next: router.currentRoute.value.fullPath } })
})

createApp(App).use(ElementPlus).use(i18n).use(router).mount('#app')
