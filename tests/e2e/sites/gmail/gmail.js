// The fixture page's own script (stands in for Gmail's): opens and closes popup compose windows
// and an inline reply, and turns typed addresses into peoplekit recipient chips. Like Gmail, it
// runs under Trusted Types enforcement, so it builds everything from <template>s and DOM calls.
'use strict';

(() => {
  let composeCount = 0;

  /** Opens a popup compose window at the left end of the mole area. */
  function openCompose() {
    const template = document.getElementById('compose-template');
    const fragment = template.content.cloneNode(true);
    const mole = fragment.firstElementChild;
    composeCount += 1;
    mole.querySelector('input[name=composeid]').value = `c${composeCount}`;
    mole.querySelector('[g_editable]').id = `:${(composeCount * 37).toString(36)}`;
    mole.querySelector('.Ha').addEventListener('click', () => mole.remove());
    for (const input of mole.querySelectorAll('input[peoplekit-id]')) wireRecipients(input);
    document.getElementById('moles').append(fragment);
    return mole;
  }

  /** Turns the text of a recipient input into a chip on Enter, comma or blur. */
  function wireRecipients(input) {
    const commit = () => {
      const address = input.value.trim().replace(/[,;]$/, '');
      if (!address) return;
      const chip = document.createElement('div');
      chip.className = 'afV';
      chip.setAttribute('role', 'option');
      chip.setAttribute('data-hovercard-id', address);
      chip.setAttribute('data-name', address);
      const label = document.createElement('div');
      label.className = 'akl';
      label.textContent = address;
      chip.append(label);
      input.parentElement.querySelector('[role=listbox]').append(chip);
      input.value = '';
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ',') {
        event.preventDefault();
        commit();
      }
    });
    input.addEventListener('blur', commit);
  }

  /** Opens the inline reply under the conversation's last message. */
  function openInlineReply() {
    const holder = document.getElementById('inline-reply-holder');
    holder.replaceChildren(document.getElementById('inline-template').content.cloneNode(true));
  }

  document.getElementById('compose-button').addEventListener('click', openCompose);
  // The test drives the page through these, as a user would through Gmail's buttons.
  window.gmailFixture = { openCompose, openInlineReply };
  if (!location.hash.includes('nocompose')) openCompose();
})();
