import type { Browser } from 'playwright-core';
export function launchChromium(mode: 'webgpu' | 'cpu'): Promise<Browser>;
