/** Template filters of the authentication app, installed by the kit's templating (found by this module's name). */
export const filters = {
  /** `{{ user | display_name }}`: "First Last", or the username when the names are empty. */
  display_name(user: { firstName?: string; lastName?: string; username?: string } | null | undefined): string {
    if (!user) return '';
    const full = [user.firstName, user.lastName].filter(Boolean).join(' ').trim();
    return full || user.username || '';
  },
};
