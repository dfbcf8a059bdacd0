// The plain data the floors share: the document model, what the workspace knows, the settings.
export * from './document';
export * from './argumentUses';
export * from './workspace';
export * from './settings';
export * from './handOffTarget';
