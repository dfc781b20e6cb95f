import type { ReactNode } from 'react';

/** The centred card used before anyone is signed in. */
export function AuthLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className="auth-page">
      <main id="main" className={`auth-card${wide ? ' wide' : ''}`}>
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span>Swimmy</span>
        </div>
        {children}
      </main>
    </div>
  );
}
