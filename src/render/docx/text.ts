/**
 * The Word side of text: layout styles → named paragraph styles, layout inlines → runs
 * (line breaks, tabs, PAGE/NUMPAGES fields). Paragraphs of the page flow (body, header,
 * footer: ./index.ts) become docx Paragraphs; table cells (./table.ts) get their
 * paragraph as WordprocessingML text, written here as docx would write it.
 *
 * Everything a paragraph's look needs lives in its named style: alignment, spacing and
 * line height, and the run properties (Latin, East Asian and complex-script fonts, size,
 * weight), which Word and LibreOffice resolve from the style for every run in the
 * paragraph. People editing in Word can change a style and see every paragraph of it
 * follow. Direct formatting is written only where a paragraph or run departs from its
 * style: a paragraph's alignment; a run's font hint (below). Runs carry nothing else:
 * all runs of a layout paragraph share its style. (Fonts and sizes on every run made the
 * XML of a 10,000-project document 1.7 times as large, and cost seconds and hundreds of MB.)
 */
import {
  AlignmentType,
  LineRuleType,
  PageNumber,
  Paragraph,
  Tab,
  TextRun,
  type IParagraphStyleOptions,
  type ParagraphChild,
} from 'docx';
import type { Align, FontFamily, Inline, Paragraph as LayoutParagraph, Style } from '../../layout/types.js';
import type { RenderWarning } from '../renderer.js';
import { unknownFontWarning, WarningList } from '../warnings.js';
import { escapeXml } from '../xml-escape.js';

export const TWIPS_PER_PT = 20;

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.BOTH,
} as const satisfies Record<Align, string>;

type RunFont = { ascii: string; hAnsi: string; eastAsia: string; cs: string; hint: 'eastAsia' };

/**
 * Text Word may draw in either the Latin or the East Asian font, by the run's font hint:
 * anything outside ASCII and the CJK blocks (curly quotes, dashes, ellipsis, ≥, ×, …).
 * (The astral planes show up as surrogates here; they get the hint too, harmlessly.)
 */
const AMBIGUOUS = /[^\u0000-\u007F\u2E80-\u9FFF\uA000-\uA4CF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/;

/** A tab within a run's text. */
const TAB = { tab: true } as const;

/** What a run holds: text and tabs, or (alone) a page field. */
type RunContent = string | typeof TAB | { field: 'page' | 'pages' };

/** A run: line breaks before its content, and whether it needs the East Asian font hint. */
interface RunPiece {
  breaks: number;
  content: RunContent[];
  hint: boolean;
}

/** What a paragraph needs to know of its named style to tell where it departs from it. */
interface NamedStyle {
  id: string;
  align: Align;
  /** Whether the style has space before or after (which table cells must not have). */
  spaced: boolean;
}

/** The run properties of a named style. */
interface StyleRun {
  font?: RunFont;
  /** Half-points. */
  size: number;
  bold: boolean;
}

export class WordText {
  readonly warnings = new WarningList();
  /** Paragraph styles by their defining properties, in order of first use. */
  private readonly styles = new Map<string, { named: NamedStyle; definition: IParagraphStyleOptions }>();
  private readonly ids = new Set<string>();
  /** Paragraphs per font key, for the document default. */
  private readonly fontUse = new Map<string, number>();

  constructor(private readonly fonts: Record<string, FontFamily>) {}

  /** A paragraph of the page flow (body, header, footer): the style's spacing applies. */
  paragraph(p: LayoutParagraph, pageBreakBefore = false): Paragraph {
    const named = this.named(p.style);
    return new Paragraph({
      style: named.id,
      alignment: p.style.align === named.align ? undefined : ALIGN[p.style.align],
      pageBreakBefore: pageBreakBefore || undefined,
      children: this.runs(p.runs, p.style),
    });
  }

  /**
   * The paragraph of a table cell, as WordprocessingML (see ./table.ts for why):
   * what docx writes for the same Paragraph. Cells ignore paragraph spacing.
   */
  cellParagraphXml(runs: Inline[], style: Style): string {
    const named = this.named(style);
    const spacing = named.spaced ? '<w:spacing w:after="0" w:before="0"/>' : '';
    const jc = style.align === named.align ? '' : `<w:jc w:val="${ALIGN[style.align]}"/>`;
    return `<w:p><w:pPr><w:pStyle w:val="${named.id}"/>${spacing}${jc}</w:pPr>${this.runsXml(runs, style)}</w:p>`;
  }

  /**
   * The document default run properties: the font of most paragraphs (for paragraphs
   * without a style, such as the spacers and blank cells) and Chinese as the East Asian
   * language (line breaking and proofing, as the PDF declares zh-CN). Call after building
   * all content.
   */
  defaultRun(): { font?: RunFont; language: { eastAsia: string } } {
    let best: string | undefined;
    for (const [key, n] of this.fontUse) {
      if (this.fonts[key] !== undefined && (best === undefined || n > this.fontUse.get(best)!)) best = key;
    }
    const font = best === undefined ? undefined : this.runFont(best);
    return { ...(font && { font }), language: { eastAsia: 'zh-CN' } };
  }

  /** The named styles used so far; call after building all content. */
  styleDefinitions(): IParagraphStyleOptions[] {
    return [...this.styles.values()].map((s) => s.definition);
  }

  warn(warning: RenderWarning): void {
    this.warnings.add(warning);
  }

  /**
   * Consecutive breaks are folded into the next run (`<w:br/>`s before its text). A text's
   * own newlines are line breaks and its tabs real tabs, as in the other renderers; Word
   * would show both as spaces.
   */
  private pieces(inlines: Inline[], style: Style): RunPiece[] {
    // Fonts, size and weight come from the paragraph's style. The font hint, which decides
    // whether ‘’“”—…≥ are drawn in the Latin or the East Asian font, is also written on
    // each run whose text has such characters, as Word itself writes it: the style has
    // it too, but how readers inherit a hint is not something to lean on.
    const hintable = this.fonts[style.font] !== undefined;
    const pieces: RunPiece[] = [];
    let breaks = 0;
    const push = (content: RunContent[], hint = false) => {
      pieces.push({ breaks, content, hint });
      breaks = 0;
    };
    for (const inline of inlines) {
      if (inline.kind === 'break') breaks++;
      else if (inline.kind === 'field') push([{ field: inline.field }]);
      else {
        inline.text.split(/\r\n|\r|\n/).forEach((line, i) => {
          if (i > 0) breaks++;
          if (line === '') return;
          const content = line.split('\t').flatMap((part, j) => (j === 0 ? [part] : [TAB, part])).filter((c) => c !== '');
          push(content, hintable && AMBIGUOUS.test(line));
        });
      }
    }
    if (breaks > 0) push([]);
    return pieces;
  }

  /** Runs as docx objects. */
  private runs(inlines: Inline[], style: Style): ParagraphChild[] {
    return this.pieces(inlines, style).map(
      ({ breaks, content, hint }) =>
        new TextRun({
          ...(hint && { font: { hint: 'eastAsia' } }),
          break: breaks || undefined,
          children: content.map((c) =>
            typeof c === 'string' ? c : 'tab' in c ? new Tab() : c.field === 'page' ? PageNumber.CURRENT : PageNumber.TOTAL_PAGES,
          ),
        }),
    );
  }

  /**
   * Runs as WordprocessingML, byte for byte what docx writes for the same TextRuns: a run
   * with a field comes out as the field's four runs, after a run of its breaks.
   */
  private runsXml(inlines: Inline[], style: Style): string {
    let xml = '';
    for (const { breaks, content, hint } of this.pieces(inlines, style)) {
      const props = hint ? '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>' : '';
      const br = '<w:br/>'.repeat(breaks);
      const first = content[0];
      if (first !== undefined && typeof first === 'object' && 'field' in first) {
        if (breaks > 0) xml += `<w:r>${props}${br}</w:r>`;
        const code = first.field === 'page' ? 'PAGE' : 'NUMPAGES';
        xml +=
          `<w:r>${props}<w:fldChar w:fldCharType="begin"/></w:r>` +
          `<w:r>${props}<w:instrText xml:space="preserve">${code}</w:instrText></w:r>` +
          `<w:r>${props}<w:fldChar w:fldCharType="separate"/></w:r>` +
          `<w:r>${props}<w:fldChar w:fldCharType="end"/></w:r>`;
        continue;
      }
      xml += `<w:r>${props}${br}`;
      for (const c of content) xml += typeof c === 'string' ? `<w:t xml:space="preserve">${escapeXml(c)}</w:t>` : '<w:tab/>';
      xml += '</w:r>';
    }
    return xml;
  }

  private styleRun(style: Style): StyleRun {
    const font = this.runFont(style.font);
    return { ...(font && { font }), size: halfPoints(style.size), bold: style.bold };
  }

  /**
   * A style's fonts. `hint: eastAsia` makes the characters CJK and Latin text share
   * (curly quotes, dashes, ellipsis, ≥) take the East Asian font, as Word does for text
   * typed in Chinese.
   */
  private runFont(key: string): RunFont | undefined {
    const family = this.fonts[key];
    if (!family) {
      this.warn(unknownFontWarning(key));
      return undefined;
    }
    const { ascii, eastAsia } = family.office;
    return { ascii, hAnsi: ascii, eastAsia, cs: ascii, hint: 'eastAsia' };
  }

  /**
   * One Word style per layout style name, defined by its first use. Should the same name
   * come with other font, size or spacing (only alignment may vary per paragraph: it is
   * then set directly), that variant gets a style of its own.
   * Names are prefixed: layout names such as `title` would otherwise merge with Word's
   * built-in styles of that name.
   */
  private named(style: Style): NamedStyle {
    this.fontUse.set(style.font, (this.fontUse.get(style.font) ?? 0) + 1);
    const key = [style.name, style.font, style.size, style.bold, style.lineHeight, style.spaceBefore, style.spaceAfter].join('\0');
    let entry = this.styles.get(key);
    if (!entry) {
      const base = `pt${style.name.replace(/[^A-Za-z0-9]/g, '')}`;
      let id = base;
      for (let n = 2; this.ids.has(id); n++) id = `${base}${n}`;
      this.ids.add(id);
      const variant = id === base ? '' : ` (${id})`;
      entry = {
        named: { id, align: style.align, spaced: style.spaceBefore !== 0 || style.spaceAfter !== 0 },
        definition: {
          id,
          name: `pubtable ${style.name}${variant}`,
          basedOn: 'Normal',
          quickFormat: true,
          run: this.styleRun(style),
          paragraph: { alignment: ALIGN[style.align], spacing: spacing(style) },
        },
      };
      this.styles.set(key, entry);
    }
    return entry.named;
  }
}

/**
 * A near-invisible paragraph (1 pt): Word needs a paragraph between two tables (or it
 * joins them), after a final table (or it adds one in its default size, which can spill
 * onto a blank page), and to break the page before a table.
 */
export function spacer(pageBreakBefore: boolean): Paragraph {
  return new Paragraph({
    pageBreakBefore: pageBreakBefore || undefined,
    spacing: { before: 0, after: 0, line: TWIPS_PER_PT, lineRule: LineRuleType.EXACT },
    run: { size: 2 },
  });
}

/** Word sizes text in whole half-points. */
function halfPoints(pt: number): number {
  return Math.max(1, Math.round(pt * 2));
}

/**
 * Exact line spacing: the layout's line height is a multiple of the font size, which is
 * what "exactly" means in Word (固定值, the usual setting in Chinese official documents);
 * "multiple" lines would follow the font's own line gap, which differs between 宋体 and
 * its substitutes.
 */
function spacing(style: Style) {
  return {
    before: Math.round(style.spaceBefore * TWIPS_PER_PT),
    after: Math.round(style.spaceAfter * TWIPS_PER_PT),
    line: Math.max(1, Math.round(style.size * style.lineHeight * TWIPS_PER_PT)),
    lineRule: LineRuleType.EXACT,
  };
}
