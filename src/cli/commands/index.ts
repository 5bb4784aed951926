import { exercises } from '../../../exercises/index.js';
import { labs } from '../../../labs/index.js';
import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { classCommand } from './class.js';
import { doctorCommand } from './doctor.js';
import { downCommand } from './down.js';
import { exerciseCommand, exercisesCommand } from './exercises.js';
import { gradeCommand } from './grade.js';
import { imagesCommand } from './images.js';
import { listCommand } from './list.js';
import { runCommand } from './run.js';
import { upCommand } from './up.js';

/** Every command, in the order `kindlab --help` lists them; the lab list goes to the runner from here. */
export const commands: Command[] = [upCommand, listCommand(labs), runCommand(labs), checkCommand, exercisesCommand(exercises), exerciseCommand(exercises), gradeCommand(exercises), classCommand(exercises), doctorCommand, downCommand, imagesCommand];
