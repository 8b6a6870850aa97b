// The sample portal page: shows the snippet with this site's address and copies it.

const code = document.getElementById('snippet');
const base = new URL('./', location.href).href;
code.textContent = code.textContent.replaceAll('https://example.gov.cn/cailiang/', base);

const status = document.getElementById('copy-status');
document.getElementById('copy-snippet').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(code.textContent);
    status.textContent = '已复制';
  } catch {
    getSelection().selectAllChildren(code);
    status.textContent = '已选中，请按 Ctrl+C 复制';
  }
});
