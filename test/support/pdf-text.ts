// The text a reader sees in a PDF, extracted with pdf.js (the PDF files are compressed: their bytes
// say nothing about the text). Text runs are joined without spaces so that a value wrapped across
// lines is still found whole.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    let text = '';
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item) text += item.str;
      text += '\n';
    }
    return text;
  } finally {
    await doc.destroy();
  }
}
