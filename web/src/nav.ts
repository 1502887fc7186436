// Moving to another view of this site without a reload: the URL changes, then the router runs.

/** Opens a path of this site (a new history entry). */
export function navigate(to: string): void {
  history.pushState(null, '', to);
  window.dispatchEvent(new Event('sousveil:navigate'));
}
