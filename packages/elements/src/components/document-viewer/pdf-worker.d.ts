// pdf.js ships its worker without types: importing it only sets
// `globalThis.pdfjsWorker`, which pdf.js then uses on the page's thread.
declare module 'pdfjs-dist/build/pdf.worker.min.mjs';
