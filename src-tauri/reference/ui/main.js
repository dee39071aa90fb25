// Signals the benchmark after the first paint, as Panelis's app shell does.
requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI__.core.invoke('bench_ready')));
