/** What the runtime itself says (the functions log on their own, with Powertools). */
export interface LocalLog {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLog: LocalLog = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, ...(error === undefined ? [] : [error])),
};

export const silentLog: LocalLog = { info: () => {}, error: () => {} };
