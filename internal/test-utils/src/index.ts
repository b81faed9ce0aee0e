export { chunked, splits } from "./chunked.js";
export { until } from "./until.js";
export { loadVector, sharedDir, hex, unhex } from "./vectors.js";
export { netnsUnavailableReason } from "./netns.js";
export {
  createBridge,
  createLink,
  runIn,
  spawnIn,
  startAvahi,
  startDbus,
  teardown,
  type Bridge,
  type Link,
  type Proc,
  type Side,
} from "./netns-peers.js";
