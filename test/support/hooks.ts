// Setup as jest hooks: a resource started before the file's tests (or before each test) and stopped after, without
// `let x; beforeAll(...); afterAll(...)` in every file. The returned object forwards to the running resource.

type Stop<T> = (value: T) => Promise<unknown> | unknown;

function hooked<T extends object>(each: boolean, start: () => Promise<T>, stop: Stop<T>): T {
  let current: T | undefined;
  (each ? beforeEach : beforeAll)(async () => {
    current = await start();
  });
  (each ? afterEach : afterAll)(async () => {
    const running = current;
    current = undefined;
    if (running) await stop(running);
  });
  const running = (): T => {
    if (!current) throw new Error('not running: it is started by a jest hook, use it inside a test or a later hook');
    return current;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(running(), key),
    has: (_, key) => Reflect.has(running(), key),
    ownKeys: () => Reflect.ownKeys(running()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(running(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/** Started in `beforeAll`, stopped in `afterAll`. */
export const beforeAllStarted = <T extends object>(start: () => Promise<T>, stop: Stop<T>): T =>
  hooked(false, start, stop);

/** Started in `beforeEach`, stopped in `afterEach`. */
export const beforeEachStarted = <T extends object>(start: () => Promise<T>, stop: Stop<T>): T =>
  hooked(true, start, stop);
