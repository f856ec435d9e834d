// Motion the learner asked the system to reduce (prefers-reduced-motion):
// smooth scrolls become jumps and animations step instead of gliding.

/** Whether the learner's system asks for less motion. */
export function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** How to scroll something into view: smoothly, unless motion is reduced. */
export function scrollBehaviour(): ScrollBehavior {
  return reducedMotion() ? 'auto' : 'smooth';
}
