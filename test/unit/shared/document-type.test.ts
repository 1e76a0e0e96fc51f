import fs from 'node:fs';
import path from 'node:path';
import { detectDocumentType, safeFileName } from '../../../src/shared/documents/document-type';
import { SAMPLES as SAMPLES_ROOT } from '../../helpers/samples';

describe('detectDocumentType', () => {
  it('when the bytes start like a PDF, PNG or JPEG, then that type is found', () => {
    expect(detectDocumentType(Buffer.from('%PDF-1.7\n%âãÏÓ'))?.mime).toBe('application/pdf');
    expect(detectDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))?.mime).toBe(
      'image/png',
    );
    expect(detectDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))?.mime).toBe('image/jpeg');
  });

  it('when real images from the sample packages are read, then PNG and JPEG are recognised', () => {
    const dir = path.join(SAMPLES_ROOT, 'scorm2004/ContentPackagingOneFilePerSCO_SCORM20043rdEdition');
    expect(detectDocumentType(fs.readFileSync(path.join(dir, 'shared/cclicense.png')))?.mime).toBe('image/png');
    expect(detectDocumentType(fs.readFileSync(path.join(dir, 'shared/background.jpg')))?.mime).toBe('image/jpeg');
  });

  it('when the content is something else or too short, then nothing is found', () => {
    expect(detectDocumentType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(detectDocumentType(Buffer.from('%PDF'))).toBeNull();
    expect(detectDocumentType(Buffer.from('PK\u0003\u0004'))).toBeNull();
    expect(detectDocumentType(Buffer.alloc(0))).toBeNull();
  });
});

describe('safeFileName', () => {
  it('when the name holds quotes, slashes or a wrong extension, then they are replaced', () => {
    expect(safeFileName('../a"b.exe', { mime: 'application/pdf', extension: 'pdf' })).toBe('.._a_b.pdf');
    expect(safeFileName('', { mime: 'image/png', extension: 'png' })).toBe('nachweis.png');
  });
});
