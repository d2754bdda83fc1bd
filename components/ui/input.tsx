import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { cn } from './cn';

const field =
  'block rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 ' +
  'placeholder:text-slate-400 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-indigo-600 ' +
  'disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 aria-invalid:ring-red-500 ' +
  'dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700 dark:placeholder:text-slate-500 dark:disabled:bg-slate-800';

/**
 * Full width and 40 px high unless the caller says otherwise: a `w-20` or `h-8` next to the
 * defaults would lose to them (Tailwind orders utilities by value, not by class order), which
 * once rendered the inline log-retention form as stacked full-width inputs.
 */
function sized(className: string | undefined, height: string | null): string {
  const has = (prefix: string) => new RegExp(`(^|\\s)${prefix}-`).test(className ?? '');
  return cn(field, !has('w') && 'w-full', height && !has('h') && height, className);
}

export function Input({ className, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={sized(className, 'h-10')} {...rest} />;
}

export function Textarea({ className, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={sized(className, null)} {...rest} />;
}

export function Select({ className, children, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select className={cn(sized(className, 'h-10'), 'pr-8')} {...rest}>
      {children}
    </select>
  );
}
