// UI primitives: presentational only (no data access, no Prisma types).
export { cn } from './cn';
export { Button, buttonClasses, type ButtonProps, type ButtonVariant } from './button';
export { Input, Textarea, Select } from './input';
export { Label, Field } from './label';
export { Card, CardHeader, CardBody } from './card';
export { Badge, type BadgeTone } from './badge';
export { Alert } from './alert';
export { Table, THead, TBody, TR, TH, TD } from './table';
export { EmptyState } from './empty-state';
export { TabLinks, type TabLink } from './tabs';
export { Dialog } from './dialog';
export { Menu, menuItemClasses } from './menu';
export { PageHeader } from './page-header';
export { useHydrated } from './use-hydrated';
export { useFollowScroll } from './use-follow-scroll';
