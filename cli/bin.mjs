#!/usr/bin/env node
// `rollout`: loads tsx's require hook (tsx is a dependency) and runs cli/main.ts in this process.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('tsx/cjs');
require('./main.ts');
