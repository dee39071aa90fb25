// A screen's own stylesheet, added to the page once, when the screen is registered: the
// styles travel with the component (components/NAME/NAME.css).

// Stylesheets added and not yet loaded (or failed).
const pending = new Set();

export function useStyles(href) {
  const url = String(href);
  if ([...document.querySelectorAll('link[rel=stylesheet]')].some((l) => l.href === url)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = url;
  const loaded = new Promise((done) => { link.onload = done; link.onerror = done; });
  pending.add(loaded);
  loaded.then(() => pending.delete(loaded));
  document.head.append(link);
}

// Resolves once every stylesheet added so far has loaded (or failed): a screen opened for
// the first time is shown with its styles, never unstyled for a frame.
export function stylesReady() {
  return Promise.all([...pending]).then(() => undefined);
}
