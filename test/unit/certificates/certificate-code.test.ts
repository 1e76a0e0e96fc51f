import { CODE_PATTERN, generateCertificateCode, normaliseCode } from '../../../src/certificates/certificate-code';

describe('certificate codes', () => {
  it('when a code is generated, then it has the form GZ-XXXX-XXXX-XXXX-XXXX in Crockford base32', () => {
    for (let i = 0; i < 200; i++) expect(generateCertificateCode()).toMatch(CODE_PATTERN);
  });

  it('when 5,000 codes are generated, then all differ and every one of the 32 characters occurs', () => {
    const codes = Array.from({ length: 5000 }, () => generateCertificateCode());
    expect(new Set(codes).size).toBe(codes.length);
    const seen = new Set(
      codes
        .join('')
        .replace(/^GZ|-GZ|-/g, '')
        .replace(/GZ/g, ''),
    );
    expect(seen.size).toBe(32);
  });

  it('when the random bytes are fixed, then all 80 bits go into the code (no byte is dropped)', () => {
    const zeros = generateCertificateCode((n) => Buffer.alloc(n, 0));
    const ones = generateCertificateCode((n) => Buffer.alloc(n, 0xff));
    expect(zeros).toBe('GZ-0000-0000-0000-0000');
    expect(ones).toBe('GZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    // Flipping only the last byte must change the code: the tail bits are used.
    const lastByte = generateCertificateCode((n) => Buffer.from([...Buffer.alloc(n - 1, 0), 1]));
    expect(lastByte).toBe('GZ-0000-0000-0000-0001');
  });

  it('when a person types a code sloppily, then it is normalised; junk is refused', () => {
    expect(normaliseCode('gz-7k2m-9qxt-4hbd-w3za')).toBe('GZ-7K2M-9QXT-4HBD-W3ZA');
    expect(normaliseCode(' 7K2M 9QXT 4HBD W3ZA ')).toBe('GZ-7K2M-9QXT-4HBD-W3ZA');
    expect(normaliseCode('GZ-OOIL-9QXT-4HBD-W3ZA')).toBe('GZ-0011-9QXT-4HBD-W3ZA');
    expect(normaliseCode('GZ-7K2M-9QXT-4HBD')).toBeNull();
    expect(normaliseCode('GZ-7K2M-9QXT-4HBD-W3ZU')).toBeNull();
    expect(normaliseCode("' OR 1=1 --")).toBeNull();
    expect(normaliseCode(42)).toBeNull();
  });
});
