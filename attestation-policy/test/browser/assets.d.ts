// Vite's explicit URL imports, as the browser suite uses them (the package does not depend on vite/client types).
declare module '*?url' {
  const url: string
  export default url
}
