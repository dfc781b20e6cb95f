// Vite's ambient types: side-effect CSS imports (uPlot's stylesheet) and import.meta.env.
/// <reference types="vite/client" />
