import type { Command } from '../command.js';
import { doctorCommand } from './doctor.js';
import { downCommand } from './down.js';
import { imagesCommand } from './images.js';
import { upCommand } from './up.js';

/** Every command, in the order `kindlab --help` lists them. */
export const commands: Command[] = [upCommand, downCommand, doctorCommand, imagesCommand];
