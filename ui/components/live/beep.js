// The optional sound cue of the live control: a short beep at the warning, a longer
// double beep at zero, made with Web Audio (no sound files). Without a sound device it
// stays silent; the colours and the words on screen still say it.

let context = null;

function tone(at, frequency, seconds) {
  const osc = context.createOscillator();
  const gain = context.createGain();
  osc.type = 'sine';
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
  osc.connect(gain).connect(context.destination);
  osc.start(at);
  osc.stop(at + seconds + 0.05);
}

// kind: 'warning' | 'danger'
export function beep(kind) {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    context = context || new Ctx();
    if (context.state === 'suspended') context.resume();
    const now = context.currentTime;
    if (kind === 'danger') {
      tone(now, 660, 0.35);
      tone(now + 0.45, 660, 0.6);
    } else {
      tone(now, 880, 0.25);
    }
  } catch {
    // No audio here (e.g. a headless test machine).
  }
}
