// A screen's own stylesheet, added to the page once, when the screen is registered: the
// styles travel with the component (components/NAME/NAME.css).
export function useStyles(href) {
  const url = String(href);
  if ([...document.querySelectorAll('link[rel=stylesheet]')].some((l) => l.href === url)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = url;
  document.head.append(link);
}
