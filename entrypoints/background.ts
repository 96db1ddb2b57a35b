export default defineBackground(() => {
  console.log('footnote worker');
});
