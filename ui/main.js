// Starts the app: the shell, which loads each area's screen the first time it is opened.
import { registerAppShell } from './components/app-shell/app-shell.js';

registerAppShell();
