/**
 * An article's front matter as a form: title, the example questions as a list to edit, add to and remove
 * from, tags and skills as comma lists, "needs a person", and the body. Text the customer reads (title,
 * questions, body) is written in the article's direction; ids, tags and skills left to right.
 */
import type { Language } from '../../src/core/language.ts';
import { directionOfLanguage } from '../../src/rich-text/bidi-layout.ts';
import type { ArticleForm } from '../../src/knowledge/article-form.ts';
import { field, h, input } from '../shared/dom-builder.ts';
import type { ArticleWordKey } from './articles-words.ts';

export class ArticleFieldsForm {
  readonly element: HTMLElement;
  private readonly title: HTMLInputElement;
  private readonly questions: HTMLOListElement;
  private readonly newQuestion: HTMLInputElement;
  private readonly tags: HTMLInputElement;
  private readonly skills: HTMLInputElement;
  private readonly needsPerson: HTMLInputElement;
  readonly body: HTMLTextAreaElement;
  private language: Language;

  /** `onInput` is told of every change (typing, a question added or removed). */
  constructor(
    private readonly t: (key: ArticleWordKey) => string,
    language: Language,
    private readonly onInput: () => void,
  ) {
    this.language = language;
    this.title = input('title', '');
    this.questions = h('ol', { class: 'questions' });
    this.newQuestion = input('new-question', '');
    this.tags = input('tags', '', { dir: 'ltr' });
    this.skills = input('skills', '', { dir: 'ltr' });
    this.needsPerson = h('input', { attrs: { type: 'checkbox', name: 'needs_person' } });
    this.body = h('textarea', { attrs: { name: 'body', rows: '14' } });
    const addQuestion = () => {
      const text = this.newQuestion.value.trim();
      if (text === '') return;
      this.questions.append(this.questionItem(text));
      this.newQuestion.value = '';
      this.newQuestion.focus();
      onInput();
    };
    this.newQuestion.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        addQuestion();
      }
    });
    this.element = h(
      'div',
      { class: 'fields' },
      field(t('field_title'), this.title),
      h(
        'fieldset',
        { class: 'question-list' },
        h('legend', { text: t('field_questions') }),
        this.questions,
        h(
          'div',
          { class: 'add-question' },
          this.newQuestion,
          h('button', {
            text: t('add'),
            attrs: { type: 'button', name: 'add-question' },
            on: { click: addQuestion },
          }),
        ),
      ),
      h(
        'div',
        { class: 'grid' },
        field(t('field_tags'), this.tags, t('list_hint')),
        field(t('field_skills'), this.skills),
      ),
      h('label', { class: 'check' }, this.needsPerson, h('span', { text: t('field_needs_person') })),
      field(t('field_body'), this.body),
    );
    this.newQuestion.placeholder = t('field_new_question');
    this.newQuestion.setAttribute('aria-label', t('field_new_question'));
    this.element.addEventListener('input', () => onInput());
    this.element.addEventListener('change', () => onInput());
    this.setLanguage(language);
  }

  /** The article's language: the direction of its title, questions and body. */
  setLanguage(language: Language): void {
    this.language = language;
    const dir = directionOfLanguage(language);
    for (const element of [this.title, this.body, this.newQuestion, ...this.questionInputs()]) {
      element.dir = dir;
      element.lang = language;
    }
  }

  fill(form: ArticleForm): void {
    this.title.value = form.fields.title;
    this.questions.replaceChildren(...form.fields.questions.map((q) => this.questionItem(q)));
    this.tags.value = form.fields.tags.join(', ');
    this.skills.value = form.fields.skills.join(', ');
    this.needsPerson.checked = form.fields.needs_person;
    this.body.value = form.body;
  }

  /** The form's values, as fields of `id` in `language`. */
  read(id: string, language: Language): ArticleForm {
    return {
      fields: {
        id,
        language,
        title: this.title.value.trim(),
        questions: this.questionInputs()
          .map((q) => q.value.trim())
          .filter((q) => q !== ''),
        tags: commaList(this.tags.value),
        needs_person: this.needsPerson.checked,
        skills: commaList(this.skills.value),
      },
      body: this.body.value,
    };
  }

  private questionInputs(): HTMLInputElement[] {
    return [...this.questions.querySelectorAll<HTMLInputElement>('input[name="question"]')];
  }

  private questionItem(text: string): HTMLLIElement {
    const question = input('question', text, {
      dir: directionOfLanguage(this.language),
      lang: this.language,
    });
    const item = h('li', {}, question);
    item.append(
      h('button', {
        text: '×',
        class: 'remove',
        attrs: { type: 'button', name: 'remove-question', 'aria-label': this.t('remove_question') },
        on: {
          click: () => {
            item.remove();
            this.onInput();
          },
        },
      }),
    );
    return item;
  }
}

/** "a, b،c" → ["a", "b", "c"] (the Latin and the Arabic comma). */
function commaList(text: string): string[] {
  return text
    .split(/[,،]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
