import { createApp } from "vue";
import "element-plus/theme-chalk/el-message.css";
import "element-plus/theme-chalk/el-message-box.css";
import "element-plus/theme-chalk/el-loading.css";
import "./styles.css";
import App from "./App.vue";
import { router } from "./router";

createApp(App).use(router).mount("#app");
