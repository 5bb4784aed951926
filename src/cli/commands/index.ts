import type { Command } from '../command.js';
import { imagesCommand } from './images.js';

/** Every command, in the order `kindlab --help` lists them. */
export const commands: Command[] = [imagesCommand];
