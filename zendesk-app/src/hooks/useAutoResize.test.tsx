import { useRef } from 'react';
import { act, renderApp, screen } from '../test/render';
import { useZafClient } from '../zaf/ZafClientProvider';
import { useAutoResize } from './useAutoResize';

let observed: (() => void) | null = null;
class FakeResizeObserver {
  constructor(private readonly callback: () => void) {}
  observe() {
    observed = this.callback;
  }
  disconnect() {
    observed = null;
  }
}

function Sized() {
  const ref = useRef<HTMLDivElement>(null);
  useAutoResize(useZafClient(), ref);
  return <div ref={ref}>content</div>;
}

beforeEach(() => {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = FakeResizeObserver;
});
afterEach(() => {
  delete (globalThis as { ResizeObserver?: unknown }).ResizeObserver;
  jest.restoreAllMocks();
});

it('resizes the iframe to the content height, once per height', async () => {
  let height = 420.2;
  jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(() => ({ height }) as DOMRect);
  const { client } = renderApp(<Sized />);
  await screen.findByText('content');
  act(() => observed!());
  act(() => observed!());
  height = 610;
  act(() => observed!());
  expect(client.calls.invoke).toEqual([
    ['resize', { width: '100%', height: '421px' }],
    ['resize', { width: '100%', height: '610px' }],
  ]);
});
