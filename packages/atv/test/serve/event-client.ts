/** A WebSocket client of /api/events that keeps every parsed event. */
import WebSocket from "ws";

export interface EventMessage {
  result: string;
  datetime: string;
  device: string;
  [key: string]: unknown;
}

export class EventClient {
  readonly messages: EventMessage[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("error", reject);
    });
    this.ws.on("message", (data: Buffer) => this.messages.push(JSON.parse(data.toString()) as EventMessage));
  }

  titles(): unknown[] {
    return this.messages.filter((m) => "title" in m).map((m) => m["title"]);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once("close", () => resolve());
      this.ws.close();
    });
  }
}

export const eventsUrl = (serverUrl: string, device?: string): string =>
  `${serverUrl.replace(/^http/, "ws")}api/events${device ? `?device=${encodeURIComponent(device)}` : ""}`;
