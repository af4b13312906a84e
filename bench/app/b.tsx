/** Page B: what a reviewer would write instead: a bare Radix slider, one React state, one text figure. */
import * as Slider from '@radix-ui/react-slider';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { markReady, pressKeys } from './page.ts';

const thumb = () => document.querySelector<HTMLElement>('[role="slider"]')!;

function App() {
  const [step, setStep] = useState(15);
  useEffect(() => {
    markReady({ target: thumb, busy: () => false, pressMany: (count, budgetMs) => pressKeys(thumb, count, budgetMs), inspect: () => ({}) });
  }, []);
  return (
    <div>
      <Slider.Root className="bench-slider" min={0} max={90} step={1} value={[step]} onValueChange={([next]) => setStep(next ?? 0)}>
        <Slider.Track className="bench-track">
          <Slider.Range className="bench-range" />
        </Slider.Track>
        <Slider.Thumb className="bench-thumb" aria-label="SMS markup" />
      </Slider.Root>
      <p>Step {step}</p>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
