export { CaseInsensitiveProperties } from "./properties.js";
export { BaseService, ManualService, type ServiceInit, type ServiceSettings } from "./service.js";
export { AppleTVConfig, identifierPriority, type AppleTVConfigInit } from "./apple-tv-config.js";
