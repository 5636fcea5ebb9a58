import nunjucks from 'nunjucks';

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Parser { nextToken(): { value: string }; advanceAfterBlockEnd(name: string): void }
interface Nodes { CallExtension: new (ext: object, method: string, args: unknown, content: unknown[]) => unknown; NodeList: new () => unknown }

/**
 * `{% csrf_token %}`: the hidden form field holding the page's CSRF token (`render` puts `csrf_token` in the
 * context), as Django's and the original's tag. Without a token it renders an empty value, never "None".
 */
export class CsrfTokenExtension implements nunjucks.Extension {
  tags = ['csrf_token'];

  parse(parser: Parser, nodes: Nodes): unknown {
    const token = parser.nextToken();
    parser.advanceAfterBlockEnd(token.value);
    return new nodes.CallExtension(this, 'run', new nodes.NodeList(), []);
  }

  run(context: { ctx: Record<string, unknown> }): nunjucks.runtime.SafeString {
    const value = typeof context.ctx.csrf_token === 'string' ? context.ctx.csrf_token : '';
    return new nunjucks.runtime.SafeString(`<input type="hidden" name="csrf_token" value="${escapeAttribute(value)}">`);
  }
}
