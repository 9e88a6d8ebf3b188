/**
 * Export buttons: the current filters and as-of, in the formats the API offers. Downloads go
 * through fetch (not plain links) so the API key, when one is needed, is sent as a header.
 */
import { apiFetch, problemOf } from './api';
import { announce, byId } from './dom';
import { timelineQuery, type ViewState } from './view-state';

/** `mediaType`: what the answer must be, so a plain JSON page is never saved as "timeline.csv". */
const FORMATS = [
  { button: 'export-csv', format: 'csv', file: 'timeline.csv', mediaType: 'text/csv' },
  {
    button: 'export-timelinejs',
    format: 'timelinejs',
    file: 'timeline.timelinejs.json',
    mediaType: 'application/json',
  },
  { button: 'export-ics', format: 'ics', file: 'timeline.ics', mediaType: 'text/calendar' },
] as const;

export function initExports(currentState: () => ViewState): void {
  for (const { button, format, file, mediaType } of FORMATS) {
    byId(button).addEventListener('click', async () => {
      try {
        const response = await apiFetch(timelineQuery(currentState(), { format }), '*/*');
        if (!response.ok) throw await problemOf(response);
        const answered = response.headers.get('content-type') ?? 'nothing';
        if (!answered.startsWith(mediaType)) {
          throw new Error(`the service answered ${answered}, not ${mediaType}`);
        }
        const url = URL.createObjectURL(await response.blob());
        const link = document.createElement('a');
        link.href = url;
        link.download = file;
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        announce(`Exported ${file}.`);
      } catch (error) {
        announce(`Export failed: ${(error as Error).message}`, true);
      }
    });
  }
}
