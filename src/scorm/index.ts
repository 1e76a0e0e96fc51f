export * from './manifest';
export * from './cmi';
export * from './sequencing';
