// Signals the benchmark after the first paint, as Panelis's app shell does, with the same
// marks of the page's loading (milliseconds since the navigation began).
const shown = performance.now();
function painted(frame1) {
  const navigation = performance.getEntriesByType('navigation')[0];
  window.__TAURI__.core.invoke('bench_ready', { marks: {
    origin: performance.timeOrigin,
    document: navigation ? navigation.responseEnd : null,
    shown,
    frame1,
    painted: performance.now(),
  } });
}
requestAnimationFrame(() => {
  const frame1 = performance.now();
  requestAnimationFrame(() => painted(frame1));
});
