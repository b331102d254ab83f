import { expect } from 'chai';
import { LitElement } from 'lit';
import '../../test/utils/dom.ts';
import { define } from './define.ts';

function captureWarnings(run: () => void): string[] {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    run();
  } finally {
    console.warn = original;
  }
  return warnings;
}

describe('define()', () => {
  it('registers a tag that is free', () => {
    class First extends LitElement {
      static readonly version = '1.0.0';
    }
    define('air-test-free', First);
    expect(customElements.get('air-test-free')).to.equal(First);
  });

  it('warns instead of throwing when another version holds the tag', () => {
    class Old extends LitElement {
      static readonly version = '1.0.0';
    }
    class Newer extends LitElement {
      static readonly version = '2.0.0';
    }
    define('air-test-taken', Old);
    const warnings = captureWarnings(() => define('air-test-taken', Newer));
    expect(customElements.get('air-test-taken')).to.equal(Old);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('<air-test-taken>').and.contain('1.0.0').and.contain('2.0.0');
  });

  it('is silent when the same class or the same version is defined again', () => {
    class Same extends LitElement {
      static readonly version = '1.0.0';
    }
    class SameVersionOtherCopy extends LitElement {
      static readonly version = '1.0.0';
    }
    define('air-test-same', Same);
    const warnings = captureWarnings(() => {
      define('air-test-same', Same);
      define('air-test-same', SameVersionOtherCopy);
    });
    expect(warnings).to.deep.equal([]);
    expect(customElements.get('air-test-same')).to.equal(Same);
  });
});
