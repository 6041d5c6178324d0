/** A CSV file the main process built (`ops:*.exportCsv`): its name and its text. */
export interface CsvFile {
  filename: string;
  csv: string;
}

/**
 * Saves a CSV file through the browser's download (a Blob behind an object URL, revoked once the click
 * has started the download): the same in the Electron window and in the browser shell.
 */
export function downloadCsv({ filename, csv }: CsvFile): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
