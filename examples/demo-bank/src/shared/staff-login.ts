/**
 * Staff pages call the bank back end with the login cookie; when it answers
 * 401 the page sends the person to the login page and back here afterwards.
 */
export function loginUrl(next: string = location.pathname + location.hash): string {
  return `/login.html?${new URLSearchParams({ next }).toString()}`;
}

/** True (and navigates to the login page) when the response says nobody is logged in. */
export function redirectIfLoggedOut(response: Response): boolean {
  if (response.status !== 401) return false;
  location.assign(loginUrl());
  return true;
}
