/** metav1.Time on the wire: RFC 3339 with whole seconds (`2026-01-02T03:04:05Z`). */
export function apiTime(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
