export * from './manifest';
export * from './cmi';
