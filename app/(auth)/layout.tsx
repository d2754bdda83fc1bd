// Centered card for sign-in and first-run setup; no navigation, no session needed.
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2">
          <span aria-hidden className="flex size-9 items-center justify-center rounded-lg bg-indigo-600 text-lg font-bold text-white">
            B
          </span>
          <span className="text-2xl font-semibold tracking-tight">Berth</span>
        </div>
        {children}
      </div>
    </main>
  );
}
