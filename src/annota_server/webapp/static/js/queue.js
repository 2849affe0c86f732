// At most N requests of a kind in flight: a page of many thumbnails or counts must not open
// hundreds of connections at once (the browser would queue them anyway, behind the page's own).

/**
 * `const queue = limiter(4); queue.run(() => fetchSomething())` resolves as the task does, the
 * task starting once fewer than 4 run. `close()` drops the tasks not yet started (their
 * promises never settle: the page that wanted them is gone). `active` says how many run.
 */
export function limiter(concurrency) {
  const waiting = [];
  let active = 0;
  let closed = false;

  function pump() {
    while (!closed && active < concurrency && waiting.length) {
      const { task, resolve, reject } = waiting.shift();
      active += 1;
      Promise.resolve()
        .then(task)
        .then(resolve, reject)
        .finally(() => {
          active -= 1;
          pump();
        });
    }
  }

  return {
    run(task) {
      return new Promise((resolve, reject) => {
        waiting.push({ task, resolve, reject });
        pump();
      });
    },
    get active() {
      return active;
    },
    get closed() {
      return closed;
    },
    close() {
      closed = true;
      waiting.length = 0;
    },
  };
}
