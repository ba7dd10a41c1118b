// The message box: suggestions while typing (commands, options, values from the real autocomplete), the keyboard,
// file attachments, sending. What it suggests comes from command-line.js and the callbacks the page gives it.
import { suggestionContext } from './command-line.js';

/**
 * `deps`: `{ input, box, definitions(), channels(), channelLabel(c), autocomplete(commandName, options) -> choices,
 * upload(file) -> attachment, send(text) -> Promise<boolean>, error(message) }`.
 */
export function createComposer(deps) {
  const { input, box } = deps;
  const suggest = { ctx: null, items: [], active: -1, navigated: false, seq: 0 };
  /** Files attached with the picker: file name -> attachment id (POST /api/attachments). */
  const uploads = new Map();

  function close() {
    // A new seq: suggestions still on their way (autocomplete answers) must not reopen a list the user closed.
    Object.assign(suggest, { ctx: null, items: [], active: -1, navigated: false, seq: suggest.seq + 1 });
    box.hidden = true;
  }

  function highlight() {
    for (const row of box.querySelectorAll('.suggestion')) {
      row.classList.toggle('active', Number(row.dataset.index) === suggest.active);
    }
  }

  function show(title, items) {
    box.replaceChildren();
    if (items.length === 0) {
      close();
      return;
    }
    const head = document.createElement('div');
    head.className = 'suggestions-title';
    head.textContent = title;
    box.append(head);
    items.forEach((item, i) => {
      const row = document.createElement('div');
      row.className = 'suggestion';
      row.setAttribute('role', 'option');
      row.dataset.index = String(i);
      const label = document.createElement('span');
      label.className = 'suggestion-label';
      label.textContent = item.label;
      row.append(label);
      if (item.hint) {
        const hint = document.createElement('span');
        hint.className = 'suggestion-hint';
        hint.textContent = item.hint;
        row.append(hint);
      }
      row.addEventListener('mousedown', (e) => {
        e.preventDefault();
        pick(i);
      });
      box.append(row);
    });
    suggest.items = items;
    suggest.active = 0;
    highlight();
    box.hidden = false;
  }

  async function valueChoices(ctx, seq) {
    const { def, typed } = ctx;
    if (def.choices?.length) {
      const t = typed.toLowerCase();
      return def.choices.filter((c) => c.name.toLowerCase().includes(t) || String(c.value).toLowerCase().includes(t));
    }
    if (def.autocomplete) {
      const choices = await deps.autocomplete(ctx.path.command.name, ctx.options);
      return seq === suggest.seq ? choices : null; // null: a newer keystroke is being answered
    }
    if (def.type === 7) {
      const t = typed.replace(/^#/, '').toLowerCase();
      return deps
        .channels()
        .filter((c) => c.name.toLowerCase().includes(t))
        .map((c) => ({ name: deps.channelLabel(c), value: `#${c.name}` }));
    }
    if (def.type === 11) return [{ name: 'Choose a file…', value: '', upload: true }];
    if (def.type === 5) {
      return [
        { name: 'True', value: 'true' },
        { name: 'False', value: 'false' },
      ];
    }
    return [];
  }

  async function refresh() {
    const before = input.value.slice(0, input.selectionStart ?? input.value.length);
    const ctx = suggestionContext(before, deps.definitions());
    const seq = ++suggest.seq;
    suggest.ctx = ctx;
    suggest.navigated = false;
    if (!ctx) return close();
    if (ctx.kind === 'commands') {
      return show(
        'Commands',
        ctx.items.map((p) => ({ label: `/${p.path}`, hint: p.description, insert: `/${p.path} ` })),
      );
    }
    if (ctx.kind === 'options') {
      return show(
        `Options of /${ctx.path.path}`,
        ctx.items.map((d) => ({
          label: `${d.name}:`,
          hint: `${d.required ? '(required) ' : ''}${d.description}`,
          option: d,
        })),
      );
    }
    let choices;
    try {
      choices = await valueChoices(ctx, seq);
    } catch (err) {
      if (seq === suggest.seq) show(ctx.def.name, [{ label: 'Suggestions failed', hint: err.message, disabled: true }]);
      return;
    }
    if (choices === null || seq !== suggest.seq) return;
    show(
      `${ctx.def.name}${ctx.def.description ? ` — ${ctx.def.description}` : ''}`,
      choices.map((c) => ({
        label: c.name,
        hint: String(c.value) === c.name ? '' : String(c.value),
        value: String(c.value),
        upload: c.upload === true,
      })),
    );
  }

  function setText(text) {
    input.value = text;
    input.setSelectionRange(text.length, text.length);
    input.focus();
  }

  /** Opens the file picker, uploads the chosen file as Discord's client would, and writes its name into the box. */
  function attachFile(before, after) {
    const picker = document.createElement('input');
    picker.type = 'file';
    picker.id = 'file-picker';
    picker.hidden = true;
    document.body.append(picker);
    picker.addEventListener('change', async () => {
      const file = picker.files?.[0];
      picker.remove();
      if (!file) return;
      try {
        const attachment = await deps.upload(file);
        uploads.set(attachment.filename, attachment.id);
        setText(`${before}${attachment.filename} ${after.trimStart()}`);
      } catch (err) {
        deps.error(`The file could not be attached: ${err.message}`);
      }
    });
    picker.click();
  }

  function pick(index) {
    const item = suggest.items[index];
    const ctx = suggest.ctx;
    if (!item || item.disabled || !ctx) return;
    const caret = input.selectionStart ?? input.value.length;
    const before = input.value.slice(0, caret);
    const after = input.value.slice(caret);
    if (item.upload) {
      attachFile(before.slice(0, before.length - ctx.typed.length), after);
      return;
    }
    let next;
    if (ctx.kind === 'commands') next = item.insert;
    else if (ctx.kind === 'options') next = `${before.slice(0, before.length - ctx.prefix.length)}${item.option.name}:`;
    else next = `${before.slice(0, before.length - ctx.typed.length)}${item.value} `;
    setText(next + after.trimStart());
    void refresh();
  }

  async function submit() {
    const text = input.value.trim();
    if (text === '') return;
    close();
    input.value = '';
    const ok = await deps.send(text);
    if (!ok && input.value === '') input.value = text;
  }

  function onKeyDown(e) {
    const open = !box.hidden && suggest.items.length > 0;
    if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      suggest.active = (suggest.active + (e.key === 'ArrowDown' ? 1 : suggest.items.length - 1)) % suggest.items.length;
      suggest.navigated = true;
      highlight();
    } else if (open && e.key === 'Tab') {
      e.preventDefault();
      pick(Math.max(0, suggest.active));
    } else if (e.key === 'Escape') {
      close();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Enter completes a command or an option name, or a value chosen with the arrow keys; otherwise it sends.
      if (open && (suggest.ctx?.kind !== 'value' || suggest.navigated)) pick(Math.max(0, suggest.active));
      else void submit();
    }
  }

  input.addEventListener('input', () => void refresh());
  input.addEventListener('keydown', onKeyDown);
  input.addEventListener('blur', () => setTimeout(close, 150));
  input.addEventListener('focus', () => void refresh());
  input.form?.addEventListener('submit', (e) => {
    e.preventDefault();
    void submit();
  });

  return {
    uploads,
    /** Puts a command line in the box (a clicked command mention) and shows what comes next. */
    prefill(text) {
      setText(text);
      void refresh();
    },
  };
}
