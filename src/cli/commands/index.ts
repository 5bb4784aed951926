import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { classCommand } from './class.js';
import { courseCommand } from './course.js';
import { doctorCommand } from './doctor.js';
import { downCommand } from './down.js';
import { exerciseCommand, exercisesCommand } from './exercises.js';
import { gradeCommand } from './grade.js';
import { imagesCommand } from './images.js';
import { initCommand } from './init.js';
import { listCommand } from './list.js';
import { runCommand } from './run.js';
import { upCommand } from './up.js';

/** Every command, in the order `kindlab --help` lists them; each finds its course when it runs. */
export const commands: Command[] = [upCommand, listCommand, runCommand, checkCommand, exercisesCommand, exerciseCommand, gradeCommand, initCommand, courseCommand, classCommand, doctorCommand, downCommand, imagesCommand];
