// The text of a report as a reader sees it: a PDF's text runs through pdf.js joined by single spaces
// (a phrase wrapped across lines is still found whole), an HTML page without its tags.
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfText(file: string): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    const runs: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      for (const item of (await (await doc.getPage(n)).getTextContent()).items) if ('str' in item) runs.push(item.str);
    }
    return runs.join(' ').replace(/\s+/g, ' ');
  } finally {
    await doc.destroy();
  }
}

/** The visible text of an HTML report: no tags, entities decoded, spaces collapsed. */
export function htmlText(html: string): string {
  return html.replace(/<style[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
