export { connectTcp, DEFAULT_CONNECT_TIMEOUT_MS, type ConnectTcpOptions } from "./tcp.js";
export { SocketLifecycle, type SocketLifecycleOptions } from "./socket-lifecycle.js";
