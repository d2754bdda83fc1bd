/** A timestamp from the API as local date and time; `never` for none. */
export function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}
